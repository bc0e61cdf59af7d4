import { useState } from 'react';
import type { DocStore, MediaStore, PartyStore } from '../../data';
import { Narrations } from './Narrations';
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
  /** Offer "Narrate selection" and show the notes' narrations (the shared notes). */
  readonly narration?: { readonly services: { readonly media: MediaStore; readonly party: PartyStore }; readonly campaignId: string; readonly canAsk: boolean };
}

/** Opens a campaign doc and edits its `notes` text; loading and error states included. */
export function NotesDocument({ docs, docId, session, label, readOnly, messages, narration }: NotesDocumentProps) {
  const t = useT();
  const state = useDocHandle(docs, docId);
  const [selection, setSelection] = useState('');
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
        {...(narration === undefined ? {} : { onSelectionText: setSelection })}
      />
      {narration !== undefined ? (
        <Narrations
          doc={handle.doc}
          docId={docId}
          selection={selection}
          services={narration.services}
          campaignId={narration.campaignId}
          canAsk={narration.canAsk}
        />
      ) : null}
    </>
  );
}
