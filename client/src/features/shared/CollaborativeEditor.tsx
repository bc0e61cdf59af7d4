import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightSpecialChars, keymap } from '@codemirror/view';
import { useEffect, useMemo, useRef } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { useT } from '../../shell/i18n';
import type { PresenceUser } from './presence';
import { presenceUserFor, presentUsers } from './presence';
import type { Source } from './use-source';
import { useSource } from './use-source';
import './collaborative-editor.css';

export interface CollaborativeEditorProps {
  /** The shared text; edits go straight into it and sync through the doc's handle. */
  readonly ytext: Y.Text;
  /** The doc's awareness: carries this user's name, colour and cursor to the others. */
  readonly awareness: Awareness;
  readonly session: { readonly userId: string; readonly name: string };
  /** Accessible name of the text area, e.g. "Shared notes". */
  readonly label: string;
  readonly readOnly: boolean;
  /** Feature id whose `<id>.editor.*` messages this editor uses (see `editorMessages`). */
  readonly messages: string;
  /** Called with the selected text whenever the selection changes ('' when nothing is selected). */
  readonly onSelectionText?: (text: string) => void;
}

/**
 * A CodeMirror 6 markdown editor bound to a `Y.Text` with y-codemirror.next: concurrent edits
 * merge, remote cursors show with names, undo/redo only touch this user's own edits, and a list
 * shows who has the document open.
 */
export function CollaborativeEditor({ ytext, awareness, session, label, readOnly, messages, onSelectionText }: CollaborativeEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const { userId, name } = session;
  // Kept in a ref so a new callback does not rebuild the editor.
  const selectionListener = useRef(onSelectionText);
  useEffect(() => {
    selectionListener.current = onSelectionText;
  }, [onSelectionText]);

  // Present while the editor is on screen: the doc handle may stay open elsewhere (sync status),
  // and other members should not see us "here" after we moved on.
  useEffect(() => {
    awareness.setLocalStateField('user', presenceUserFor({ userId, name }));
    return () => {
      awareness.setLocalStateField('user', null);
    };
  }, [awareness, userId, name]);

  useEffect(() => {
    const host = parent.current;
    if (host === null) return undefined;
    const undoManager = new Y.UndoManager(ytext);
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: ytext.toJSON(),
        extensions: [
          highlightSpecialChars(),
          drawSelection(),
          EditorView.lineWrapping,
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          markdown(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label, ...(readOnly ? { 'aria-readonly': 'true' } : {}) }),
          yCollab(ytext, awareness, { undoManager }),
          EditorView.updateListener.of((update) => {
            if (!update.selectionSet && !update.docChanged) return;
            const state = update.state;
            const text = state.selection.ranges.map((range) => state.sliceDoc(range.from, range.to)).join('\n');
            selectionListener.current?.(text);
          }),
        ],
      }),
    });
    return () => {
      view.destroy();
      undoManager.destroy();
      // The cursor points into this view; other devices should stop drawing it.
      awareness.setLocalStateField('cursor', null);
    };
  }, [ytext, awareness, label, readOnly]);

  return (
    <div className="collab-editor">
      <Presence awareness={awareness} userId={userId} messages={messages} />
      <div className="collab-editor__surface" ref={parent} />
    </div>
  );
}

function Presence({ awareness, userId, messages }: { readonly awareness: Awareness; readonly userId: string; readonly messages: string }) {
  const t = useT();
  const source = useMemo<Source<PresenceUser[]>>(
    () => ({
      subscribe: (onChange) => {
        awareness.on('change', onChange);
        return () => {
          awareness.off('change', onChange);
        };
      },
      read: () => presentUsers(awareness.getStates(), userId),
    }),
    [awareness, userId],
  );
  const users = useSource(source);
  const headingId = `${messages}-presence`;
  return (
    <section className="collab-editor__presence" aria-labelledby={headingId}>
      <span id={headingId} className="collab-editor__presence-title">
        {t(`${messages}.editor.here`)}
      </span>
      <ul className="collab-editor__people">
        {users.map((user) => (
          <li key={user.userId} className="collab-editor__person">
            <span className="collab-editor__dot" style={{ backgroundColor: user.color }} aria-hidden="true" />
            {user.userId === userId ? t(`${messages}.editor.you`, { name: user.name }) : user.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
