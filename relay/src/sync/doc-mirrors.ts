import type { Logger } from '@rpg-bot/observability';
import * as Y from 'yjs';
import type { AppendBatchResult, UpdateLog } from './types';
import { isRefusal, UpdateLogError } from './types';
import { planDocRepair } from './doc-repair';
import { judge, storageRulesOnly } from './integration-check';
import type { GateVerdict } from './integration-check';

/**
 * Decides, before a batch is committed, which of its updates the doc can take (SYNC-UPDATE-5/6).
 * `DocCommitter` asks it for every batch and tells it how the log answered.
 */
export interface UpdateGate {
  /** One verdict per update, in order: what to store of it, or why it is refused (`invalid_update`). */
  admit(docId: string, updates: readonly Uint8Array[]): Promise<GateVerdict[]>;
  /** The log's answers for the admitted updates (in order), or `'failed'` when the transaction failed. */
  settle(docId: string, results: readonly AppendBatchResult[] | 'failed'): void;
}


interface Mirror {
  readonly doc: Y.Doc;
  /** Every log entry up to this seq is integrated (and possibly admitted updates not yet committed). */
  seq: number;
}

export interface DocMirrorsOptions {
  readonly log: Pick<UpdateLog, 'loadState' | 'readSince' | 'rewrite' | 'checkpoints' | 'stateAt'>;
  /** A damaged doc was repaired in storage (SYNC-UPDATE-7): whatever holds its state in memory reloads it. */
  readonly onRepaired?: (docId: string) => void;
  /** The highest seq this process knows is committed for the doc (the merged-state cache's). */
  readonly heldSeq: (docId: string) => number | undefined;
  readonly logger?: Logger;
}

/**
 * The relay's check that an update integrates (SYNC-UPDATE-5/6): one `Y.Doc` per doc that is being
 * written, mirroring the stored state, into which every update of a batch is integrated before the
 * commit — exactly what each joiner will do with it later. An update is admitted when it breaks no
 * storage rule (`checkStorable`), has every dependency in the doc (`missingDependency`), and
 * `Y.applyUpdate` integrates it without an error; otherwise it is refused and the mirror, which a
 * failed Yjs transaction may have left half-changed, is rebuilt from storage.
 *
 * Cost: building a mirror is one load and one integration of the doc (once per doc while it is
 * written); each update then costs one integration of the update, as in y-websocket's server. A
 * mirror is dropped (`unload`) with the doc's merged state, when the doc has no sockets.
 */
export class DocMirrors implements UpdateGate {
  readonly #options: DocMirrorsOptions;
  readonly #mirrors = new Map<string, Mirror>();
  /** Docs whose stored state does not integrate (damaged before these checks): only the storage rules apply. */
  readonly #unmirrorable = new Set<string>();

  constructor(options: DocMirrorsOptions) {
    this.#options = options;
  }

  async admit(docId: string, updates: readonly Uint8Array[]): Promise<GateVerdict[]> {
    const mirror = await this.#current(docId);
    const verdicts: GateVerdict[] = [];
    for (const update of updates) {
      const verdict = mirror === undefined ? storageRulesOnly(update) : judge(mirror.doc, update);
      verdicts.push(verdict);
      if ('refused' in verdict && mirror !== undefined && mirror.doc.store.pendingStructs !== null) {
        // The failed integration may have changed the mirror half-way: rebuild it before the next update.
        this.#mirrors.delete(docId);
        verdicts.push(...(await this.admit(docId, updates.slice(verdicts.length))));
        return verdicts;
      }
    }
    return verdicts;
  }

  settle(docId: string, results: readonly AppendBatchResult[] | 'failed'): void {
    const mirror = this.#mirrors.get(docId);
    if (mirror === undefined) return;
    if (results === 'failed' || results.some(isRefusal)) {
      // The mirror integrated something the log did not store.
      this.#mirrors.delete(docId);
      return;
    }
    for (const result of results) {
      // Seqs interleaved with another relay's commits leave the mirror behind: `#current` catches up.
      if (!isRefusal(result) && !result.duplicate && result.seq === mirror.seq + 1) mirror.seq = result.seq;
    }
  }

  /** Forgets the doc's mirror (no sockets left, or its state changed outside the append path). */
  unload(docId: string): void {
    this.#mirrors.delete(docId);
    this.#unmirrorable.delete(docId);
  }

  /** Docs with a mirror in memory. */
  docIds(): string[] {
    return [...this.#mirrors.keys()];
  }

  async #current(docId: string): Promise<Mirror | undefined> {
    if (this.#unmirrorable.has(docId)) return undefined;
    const mirror = this.#mirrors.get(docId);
    try {
      if (mirror === undefined) return await this.#build(docId);
      const held = this.#options.heldSeq(docId);
      if (held === undefined || held > mirror.seq) await this.#catchUp(docId, mirror);
      return this.#mirrors.get(docId);
    } catch (error) {
      this.#mirrors.delete(docId);
      if (error instanceof MirrorBroken) {
        if (await this.#repair(docId, error.message)) return await this.#build(docId);
        this.#unmirrorable.add(docId);
        this.#options.logger?.error(
          { docId, problem: error.message },
          'the stored doc does not integrate and could not be repaired; accepting updates on the storage rules alone',
        );
        return undefined;
      }
      throw error;
    }
  }

  /**
   * SYNC-UPDATE-7: a doc stored before these checks whose state does not integrate is repaired at
   * load — the content of every offending row is dropped, everything else kept — and what was
   * dropped is logged. True when the repaired doc is loadable.
   */
  async #repair(docId: string, problem: string): Promise<boolean> {
    const { log, logger, onRepaired } = this.#options;
    const plan = await planDocRepair(log, docId);
    if (plan.unrepairable !== undefined) {
      logger?.error({ docId, problem, unrepairable: plan.unrepairable }, 'a damaged doc could not be repaired');
      return false;
    }
    await log.rewrite(docId, plan.changes);
    onRepaired?.(docId);
    logger?.warn(
      {
        docId,
        problem,
        droppedSeqs: plan.dropped.map((d) => d.seq),
        dropped: plan.dropped,
        ...(plan.snapshotProblem === undefined ? {} : { snapshotProblem: plan.snapshotProblem }),
        ...(plan.checkpointProblems === undefined ? {} : { checkpointProblems: plan.checkpointProblems }),
      },
      'repaired a damaged doc: dropped the content of the rows that broke it, kept everything else',
    );
    return true;
  }

  async #build(docId: string): Promise<Mirror> {
    const { snapshot, snapshotSeq, tail } = await this.#options.log.loadState(docId);
    const doc = new Y.Doc();
    for (const update of [...(snapshot === null ? [] : [snapshot]), ...tail.map((entry) => entry.update)]) {
      const verdict = judge(doc, update);
      if ('refused' in verdict) throw new MirrorBroken(verdict.refused);
    }
    const mirror: Mirror = { doc, seq: tail.at(-1)?.seq ?? snapshotSeq };
    this.#mirrors.set(docId, mirror);
    return mirror;
  }

  async #catchUp(docId: string, mirror: Mirror): Promise<void> {
    let entries;
    try {
      entries = await this.#options.log.readSince(docId, mirror.seq);
    } catch (error) {
      if (!(error instanceof UpdateLogError) || error.code !== 'compacted') throw error;
      this.#mirrors.delete(docId);
      await this.#build(docId);
      return;
    }
    for (const entry of entries) {
      const verdict = judge(mirror.doc, entry.update);
      if ('refused' in verdict) throw new MirrorBroken(verdict.refused);
      mirror.seq = entry.seq;
    }
  }
}

class MirrorBroken extends Error {
  override readonly name = 'MirrorBroken';
}
