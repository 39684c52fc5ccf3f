"""Suite "concurrency" (vectors/concurrency/<revision>.json): a scenario of concurrent guest calls
(a group: `setup`, `setupSmcs`, per-lane `vcpus` with their calls) replayed under a schedule string
(a test), with the outcome the revision gives: `end`, `findings`, each lane's `replies` and the `smcs`
the mediator made. Standard library only.

This is a well-formedness check, not a replay: reproducing an interleaving needs the hypervisor
itself. What is checked, and why (so that a consumer can trust the outcome it compares against):
  - setup: steps numbered from 1 with known ops, guest calls only in domains already created and
    answered well formed, every lane in a domain the setup creates;
  - frames: every SMC in `setupSmcs` and `smcs` is a known FF-A call with zero upper halves for
    SMC32, reserved registers zero, and a reply of a kind the call can get with its reserved result
    registers zero (ffa_abi, as for the mediator suite); each lane's calls are register frames and
    its n-th reply is a well-formed answer to its n-th call; a lane never has more replies than
    calls, and every lane has all its replies when the run completes;
  - names: lanes are the group's, schedule strings (`schedule`, `scheduleRan`) name only those
    lanes, every SMC names the lane that made it, `end` has a known kind (the schema's list), every
    finding a known kind (FINDING_KINDS: the oracles the file's `references` name, and the panics
    of `end`), lanes that exist and calls that are FF-A function names (or a lane's calls joined by +);
  - ledger: a finding's `ledgerId` is the ledgerId of a flag the test carries, and `result`
    follows the file's rule: invalid with a ledger finding, acceptable with only unclassified
    findings or an abnormal end, valid otherwise;
  - across revisions: every revision's file has the same (tcId, caseId) pairs, and `foundOn`
    names revisions only.
To extend it into a replay: drive your hypervisor's vCPUs by the schedule string and compare `end`,
`replies` and `smcs`; the checks here stay valid as preconditions.
"""
from __future__ import annotations

import json
import os
import re
from typing import Dict, List, Optional, Set, Tuple

import ffa_abi as abi
from ffa_abi import FrameError
from smcseq import ReplayError

# The explorer's oracles, as the files' `references` list them ("ASSERT, deadlock, held lock, use
# after unmap, concurrent writers, non-sequential results"), and the panics an `end` can report.
FINDING_KINDS = {'assert', 'deadlock', 'held-lock', 'use-after-unmap', 'concurrent-writers', 'non-sequential',
                 'bug', 'lock-misuse', 'crash'}
END_KINDS_DEFAULT = {'complete', 'assert-panic', 'bug-panic', 'deadlock-panic', 'lock-misuse-panic', 'crash',
                     'deadlock', 'step-limit', 'stopped'}
REVISIONS = {'S0', 'v0', 'v1', 'v2', '4.22.0'}
SCHEDULE = re.compile(r'([a-zA-E][0-9]*)*')


def end_kinds(vectors_dir: Optional[str]) -> Set[str]:
    """The `end.kind` values the published schema allows (falls back to the list above)."""
    try:
        with open(os.path.join(vectors_dir or '', 'schema', 'concurrency.schema.json'), encoding='utf-8') as f:
            return set(json.load(f)['$defs']['end']['properties']['kind']['enum'])
    except (OSError, KeyError, TypeError, ValueError):
        return set(END_KINDS_DEFAULT)


def _frame(regs: object, where: str) -> List[int]:
    try:
        return abi.parse_frame(regs, where)
    except FrameError as e:
        raise ReplayError(str(e)) from None


def check_smc(smc: dict, where: str) -> None:
    """An SMC the mediator made: call and reply well formed, as in mediator.py."""
    call, reply = _frame(smc.get('call'), f'{where} call'), _frame(smc.get('reply'), f'{where} reply')
    try:
        abi.check_call(call, where)
        abi.check_args(call, where)
        abi.check_reply_to(call, reply, where)
        abi.check_result(call, reply, where)
    except FrameError as e:
        raise ReplayError(str(e)) from None


class Suite:
    stats = {'schedules': 0, 'smcs': 0, 'findings': 0}

    def __init__(self, doc: dict, path: str = '', cross: Optional['CrossRevision'] = None,
                 vectors_dir: Optional[str] = None):
        self.doc = doc
        self.end_kinds = end_kinds(vectors_dir)
        self.groups_checked: Set[int] = set()
        if cross is not None:
            cross.add(path, doc)

    def _group(self, group: dict) -> Dict[str, List[List[int]]]:
        """Lanes -> their calls, after checking the group once."""
        if group.get('type') != 'ConcurrencyScenario':
            raise ReplayError(f'group type {group.get("type")!r}, not ConcurrencyScenario')
        lanes: Dict[str, List[List[int]]] = {}
        for i, v in enumerate(group.get('vcpus', [])):
            lane = v.get('lane')
            if not isinstance(lane, str) or lane in lanes:
                raise ReplayError(f'vcpus[{i}]: lane {lane!r} missing or repeated')
            lanes[lane] = [_frame(c.get('call'), f'lane {lane} call {k + 1}') for k, c in enumerate(v.get('calls', []))]
            for k, c in enumerate(v.get('calls', [])):
                if lanes[lane][k][0] in abi.NAME and c.get('label') != abi.fid_name(lanes[lane][k][0]):
                    raise ReplayError(f'lane {lane} call {k + 1}: label {c.get("label")!r} is not its function name')
        if not lanes:
            raise ReplayError('a scenario without vcpus')
        if id(group) not in self.groups_checked:
            domains = self._setup(group.get('setup', []))
            for v in group.get('vcpus', []):
                if v.get('domid') not in domains:
                    raise ReplayError(f'lane {v.get("lane")} runs in domain {v.get("domid")}, which setup does not create')
            for k, smc in enumerate(group.get('setupSmcs', [])):
                check_smc(smc, f'setupSmcs[{k}]')
            self.groups_checked.add(id(group))
        return lanes

    @staticmethod
    def _setup(steps: List[dict]) -> Set[int]:
        """Setup steps: numbered from 1, known ops, calls in created domains answered well formed."""
        domains: Set[int] = set()
        for i, st in enumerate(steps):
            where = f'setup step {st.get("step")}'
            if st.get('step') != i + 1 or st.get('op') not in ('boot', 'create', 'call', 'spmc-destroy'):
                raise ReplayError(f'{where}: expected step {i + 1} with a known op, got {st.get("op")!r}')
            if st['op'] == 'create':
                domains.add(st.get('domid'))
            elif st['op'] == 'call':
                if st.get('domid') not in domains:
                    raise ReplayError(f'{where}: a call in domain {st.get("domid")}, which is not created yet')
                call = _frame(st.get('call'), f'{where} call')
                if 'reply' in st and call[0] in abi.NAME:
                    try:
                        abi.check_reply_to(call, _frame(st['reply'], f'{where} reply'), where)
                    except FrameError as e:
                        raise ReplayError(str(e)) from None
        return domains

    def check_test(self, group: dict, test: dict) -> str:
        lanes = self._group(group)
        for key in ('schedule', 'scheduleRan'):
            s = test.get(key)
            if not isinstance(s, str) or not SCHEDULE.fullmatch(s):
                raise ReplayError(f'{key} {s!r} is not a schedule string')
            unknown = set(re.sub(r'[0-9]', '', s)) - set(lanes)
            if unknown:
                raise ReplayError(f'{key} {s!r} names lanes {sorted(unknown)} the scenario does not have')
        if 'divergedAt' in test and not (isinstance(test['divergedAt'], int) and test['divergedAt'] >= 0):
            raise ReplayError(f'divergedAt {test["divergedAt"]!r}')
        if not set(test.get('foundOn', [])) <= REVISIONS:
            raise ReplayError(f'foundOn {test.get("foundOn")} names unknown revisions')
        end = test.get('end', {})
        if end.get('kind') not in self.end_kinds:
            raise ReplayError(f'end kind {end.get("kind")!r} is not one of {sorted(self.end_kinds)}')
        named = [end.get('lane')] if 'lane' in end else []
        for w in end.get('waits', []):
            named += [w.get('lane')] + list(w.get('holders', []))
        if not set(named) <= set(lanes):
            raise ReplayError(f'end names lanes {sorted(set(named) - set(lanes))} the scenario does not have')
        notes = self.doc.get('flags', {})
        carried = {notes.get(f, {}).get('ledgerId') for f in test.get('flags', [])} - {None}
        shown: Set[str] = set()
        for i, f in enumerate(test.get('findings', [])):
            where = f'findings[{i}]'
            if f.get('kind') not in FINDING_KINDS:
                raise ReplayError(f'{where}: kind {f.get("kind")!r} is not a known finding ({", ".join(sorted(FINDING_KINDS))})')
            if f.get('lane') is not None and f.get('lane') not in lanes:
                raise ReplayError(f'{where}: lane {f.get("lane")!r} the scenario does not have')
            # A call is an FF-A name, or a lane's calls joined by '+' (a non-sequential result).
            bad = [c for c in f.get('calls', []) if not isinstance(c, str) or any(n not in abi.FID for n in c.split('+'))]
            if bad:
                raise ReplayError(f'{where}: calls {bad} are not FF-A function names')
            if 'ledgerId' in f:
                if f['ledgerId'] not in carried:
                    raise ReplayError(f'{where}: ledger {f["ledgerId"]}, but no flag of the test names it')
                shown.add(f['ledgerId'])
        findings = test.get('findings', [])
        want = 'invalid' if shown else 'acceptable' if findings or end.get('kind') != 'complete' else 'valid'
        if test.get('result') != want:
            raise ReplayError(f'result {test.get("result")!r}, but its findings and end make it {want!r}')
        replies = {v.get('lane'): v.get('replies', []) for v in test.get('vcpus', [])}
        if set(replies) != set(lanes):
            raise ReplayError(f'replies for lanes {sorted(replies)}, the scenario has {sorted(lanes)}')
        for lane, rs in replies.items():
            calls = lanes[lane]
            if len(rs) > len(calls) or (end.get('kind') == 'complete' and len(rs) != len(calls)):
                raise ReplayError(f'lane {lane}: {len(rs)} replies to {len(calls)} calls ({end.get("kind")})')
            for k, r in enumerate(rs):
                reply = _frame(r, f'lane {lane} reply {k + 1}')
                try:
                    if calls[k][0] in abi.NAME:
                        abi.check_reply_to(calls[k], reply, f'lane {lane} reply {k + 1}')
                except FrameError as e:
                    raise ReplayError(str(e)) from None
        for k, smc in enumerate(test.get('smcs', [])):
            if smc.get('lane') not in lanes:
                raise ReplayError(f'smcs[{k}]: lane {smc.get("lane")!r} the scenario does not have')
            check_smc(smc, f'smcs[{k}]')
        Suite.stats['schedules'] += 1
        Suite.stats['smcs'] += len(test.get('smcs', []))
        Suite.stats['findings'] += len(findings)
        return 'concurrency outcome checked'

    @staticmethod
    def summary() -> str:
        s = Suite.stats
        return (f'{s["schedules"]} concurrency outcomes checked for well-formedness ({s["smcs"]} SMCs, '
                f'{s["findings"]} findings; not replayed: that needs the hypervisor)')


class CrossRevision:
    """Every revision's file holds the same (tcId, caseId) pairs."""

    def __init__(self):
        self.files: Dict[str, Set[Tuple[int, str]]] = {}

    def add(self, path: str, doc: dict) -> None:
        self.files[path] = {(t.get('tcId'), t.get('caseId')) for g in doc.get('testGroups', []) for t in g.get('tests', [])}

    def problems(self) -> List[str]:
        union = set().union(*self.files.values()) if self.files else set()
        return [f'{p}: lacks ' + ', '.join(f'tcId {t} {c}' for t, c in sorted(union - cases)[:5])
                + ' that other revisions have' for p, cases in sorted(self.files.items()) if union - cases]
