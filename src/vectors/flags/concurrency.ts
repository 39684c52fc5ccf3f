// Flag notes of the concurrency suite: the ledger bugs an interleaving shows (xen-ffa-revisions
// §2.12, via the explorer's LEDGER_SIGNS) and the findings no ledger entry explains.
import type { FlagNote } from '../format';
import { LEDGER_FLAGS } from './ledger';

export const CONCURRENCY_FLAGS: Readonly<Record<string, FlagNote>> = Object.freeze({
  ...LEDGER_FLAGS,
  UnclassifiedFinding: {
    bugType: 'EDGE_CASE',
    description: 'A generic oracle of the explorer reports something no ledger entry names (results no sequential order of the same calls gives, a NULL dereference in a state the real build cannot reach, ...), or the run ends abnormally without a ledger finding. Most accompany a ledger race in the same scenario on the same revision.',
    effect: 'a difference a hypervisor may or may not share; read the findings before counting it as a failure',
  },
});
