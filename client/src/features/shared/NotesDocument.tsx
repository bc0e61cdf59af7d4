import type { DocStore } from '../../data';
import { useT } from '../../shell/i18n';
import { CollaborativeEditor } from './CollaborativeEditor';
import { useDocHandle } from './use-doc-handle';
import './notes-document.css';

export interface NotesDocumentProps {
  readonly docs: DocStore;
  readonly docId: string;
  readonly session: { readonly userId: string; readonly name: string };
  /** Accessible name of the editor, already translated. */
  readonly label: string;
  readonly readOnly: boolean;
  /** Feature id whose `<id>.editor.*` messages to use. */
  readonly messages: string;
}

/** Opens a campaign doc and edits its `notes` text; loading and error states included. */
export function NotesDocument({ docs, docId, session, label, readOnly, messages }: NotesDocumentProps) {
  const t = useT();
  const state = useDocHandle(docs, docId);
  if (state.status === 'loading') {
    return (
      <p className="notes-document__state" aria-busy="true">
        {t(`${messages}.editor.loading`)}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p className="notes-document__state notes-document__state--error" role="alert">
        {t(`${messages}.editor.error`)}
      </p>
    );
  }
  const { handle } = state;
  return (
    <>
      {readOnly ? <p className="notes-document__hint">{t(`${messages}.editor.readOnly`)}</p> : null}
      <CollaborativeEditor
        ytext={handle.doc.getText('notes')}
        awareness={handle.awareness}
        session={session}
        label={label}
        readOnly={readOnly}
        messages={messages}
      />
    </>
  );
}
