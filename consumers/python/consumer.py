#!/usr/bin/env python3
"""python-consumer: checks ffa-lab's golden vectors with the Python standard library only.

  - MANIFEST.json: every listed file exists, its sha256 and test count match, the total matches,
    and no vector file on disk is left out;
  - every vector file: header against its manifest entry, unique tcIds, every flag explained;
  - descriptors: fields decoded with `struct`, re-encoded and compared byte by byte
    (descriptors.py);
  - spmc/<personality> and mediator/<revision>: each recorded SMC sequence replayed against a
    scripted SPMC that checks it is well formed and internally consistent (smcseq.py,
    spmc_suite.py, mediator.py).

Usage: consumer.py [--verbose] [--known-gaps FILE] VECTORS_DIR
Closes with `python-consumer: N passed, M failed`; exit status 0 only if nothing failed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from typing import Callable, Dict, List, Optional, Tuple

import concurrency
import descriptors
import mediator
import smcseq
import spmc_suite

SUITE_DIRS = ('descriptors', 'spmc', 'mediator', 'concurrency', 'schema')


class Report:
    def __init__(self, verbose: bool, gaps: Dict[Tuple[str, int], str]):
        self.verbose = verbose
        self.gaps = gaps
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.pinned = 0
        self.manifest_only = 0
        self.kinds: Dict[str, int] = {}

    def fail(self, where: str, why: str) -> None:
        self.failed += 1
        print(f'FAIL {where}: {why}', file=sys.stderr)

    def test(self, path: str, tc_id: int, run: Callable[[], str]) -> None:
        gap = self.gaps.get((path, tc_id))
        try:
            what = run()
        except Exception as e:  # noqa: BLE001 - a harness must report a broken vector, never crash on it
            if not isinstance(e, (descriptors.VectorError, mediator.ReplayError, smcseq.ReplayError)):
                e = Exception(f'the checker could not read this test ({type(e).__name__}: {e})')
            if gap is not None:
                self.skipped += 1
                print(f'skip {path} tcId {tc_id}: known gap: {gap} ({e})', file=sys.stderr)
            else:
                self.fail(f'{path} tcId {tc_id}', str(e))
            return
        if gap is not None:
            self.fail(f'{path} tcId {tc_id}', 'listed in known-gaps.txt but passes: remove the line')
            return
        self.passed += 1
        self.kinds[what] = self.kinds.get(what, 0) + 1
        if self.verbose:
            print(f'  ok   {path} tcId {tc_id}: {what}')


def load_gaps(path: Optional[str]) -> Dict[Tuple[str, int], str]:
    gaps: Dict[Tuple[str, int], str] = {}
    if path is None:
        return gaps
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'):
                continue
            who, file, tc, why = line.rstrip('\n').split(' ', 3)
            if who in ('python', 'both'):
                gaps[(file, int(tc))] = why
    return gaps


def strict_json(text: str, where: str) -> object:
    """json.loads refusing duplicate keys and non-finite numbers (the vectors use neither)."""
    def pairs(items: List[Tuple[str, object]]) -> dict:
        out: dict = {}
        for k, v in items:
            if k in out:
                raise ValueError(f'{where}: duplicate key {k!r}')
            out[k] = v
        return out

    def bad_constant(name: str) -> object:
        raise ValueError(f'{where}: {name} is not JSON')

    return json.loads(text, object_pairs_hook=pairs, parse_constant=bad_constant)


def check_header(r: Report, path: str, entry: dict, doc: dict) -> List[Tuple[dict, dict]]:
    """Returns (group, test) pairs after checking the file's header and ids."""
    for key, want in (('suite', entry['suite']), ('schema', entry['schema']),
                      ('generatorVersion', entry['generatorVersion'])):
        if doc.get(key) != want:
            r.fail(path, f'{key} is {doc.get(key)!r}, the manifest says {want!r}')
    flags = doc.get('flags', {})
    tests = [(g, t) for g in doc.get('testGroups', []) for t in g.get('tests', [])]
    ids = [t.get('tcId') for _, t in tests]
    if len(set(ids)) != len(ids) or not all(isinstance(i, int) and i >= 1 for i in ids):
        r.fail(path, 'tcIds are not unique positive integers')
    for _, t in tests:
        for f in t.get('flags', []):
            if f not in flags:
                r.fail(path, f'tcId {t.get("tcId")} uses flag {f}, which the file does not explain')
    if doc.get('numberOfTests') != len(tests):
        r.fail(path, f'numberOfTests says {doc.get("numberOfTests")}, the file holds {len(tests)} tests')
    if entry['numberOfTests'] != len(tests):
        r.fail(path, f'the manifest says {entry["numberOfTests"]} tests, the file holds {len(tests)}')
    return tests


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 epilog='Standard library only; Python 3.8+.')
    ap.add_argument('vectors', help='the vectors folder (holds MANIFEST.json)')
    ap.add_argument('--verbose', '-v', action='store_true', help='one line per test')
    ap.add_argument('--known-gaps', help='tests listed for python or both are skipped while they fail, '
                                         'and fail the run once they pass')
    args = ap.parse_args(argv)
    r = Report(args.verbose, load_gaps(args.known_gaps))
    mediator.Suite.verbose = args.verbose
    root = args.vectors
    try:
        with open(os.path.join(root, 'MANIFEST.json'), 'rb') as f:
            manifest = strict_json(f.read().decode('utf-8'), 'MANIFEST.json')
    except (OSError, ValueError) as e:
        print(f'FAIL MANIFEST.json: {e}', file=sys.stderr)
        print('python-consumer: 0 passed, 1 failed')
        return 1
    if manifest.get('schema') != 'manifest.schema.json':
        r.fail('MANIFEST.json', 'schema is not manifest.schema.json')
    entries = manifest.get('files', [])
    listed = set()
    total = 0
    suites_run: Dict[str, int] = {}
    cross = mediator.CrossRevision()
    ccross = concurrency.CrossRevision()
    for entry in entries:
        path = entry.get('path', '')
        if path.startswith('/') or '..' in path.split('/'):
            r.fail('MANIFEST.json', f'{path} leaves the vectors folder')
            continue
        listed.add(path)
        total += entry.get('numberOfTests', 0)
        try:
            with open(os.path.join(root, path), 'rb') as f:
                raw = f.read()
        except OSError as e:
            r.fail(path, f'listed in the manifest but cannot be read: {e}')
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry.get('sha256'):
            r.fail(path, f'sha256 {digest}, the manifest pins {entry.get("sha256")}')
        else:
            r.pinned += 1
        try:
            doc = strict_json(raw.decode('utf-8'), path)
        except (UnicodeDecodeError, ValueError) as e:
            r.fail(path, f'not JSON: {e}')
            continue
        suite = entry.get('suite')
        if suite == 'schema':
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get('testGroups', []), list):
            r.fail(path, 'not a vector file (a JSON object with testGroups)')
            continue
        tests = check_header(r, path, entry, doc)
        before = r.passed + r.failed + r.skipped
        if suite == 'descriptors':
            for group, test in tests:
                r.test(path, test.get('tcId', -1), lambda g=group, t=test: descriptors.check_test(g, t))
        elif suite == 'spmc':
            replay_spmc = spmc_suite.Suite(doc)
            for group, test in tests:
                r.test(path, test.get('tcId', -1), lambda g=group, t=test: replay_spmc.check_test(g, t))
        elif suite == 'mediator':
            replay = mediator.Suite(doc, path, cross)
            for group, test in tests:
                r.test(path, test.get('tcId', -1), lambda g=group, t=test: replay.check_test(g, t))
        elif suite == 'concurrency':
            check_c = concurrency.Suite(doc, path, ccross, root)
            for group, test in tests:
                r.test(path, test.get('tcId', -1), lambda g=group, t=test: check_c.check_test(g, t))
        else:
            # A suite this program does not know: its sha256, test count and header are checked above.
            r.manifest_only += 1
            print(f'{path:44} checked by manifest only ({len(tests)} tests; no checker for suite {suite!r})')
            continue
        suites_run[suite] = suites_run.get(suite, 0) + 1
        print(f'{path:44} {r.passed + r.failed + r.skipped - before} vectors')
    if manifest.get('numberOfTests') != total:
        r.fail('MANIFEST.json', f'numberOfTests says {manifest.get("numberOfTests")}, the files sum to {total}')
    for sub in SUITE_DIRS:
        d = os.path.join(root, sub)
        for dirpath, _, names in (os.walk(d) if os.path.isdir(d) else []):
            for n in names:
                rel = os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, '/')
                if n.endswith('.json') and rel not in listed:
                    r.fail('MANIFEST.json', f'{rel} is not listed')
    if 'mediator' in suites_run:
        problems = cross.problems()
        for problem in problems + mediator.Suite.list_problems():
            r.fail('mediator', problem)
        print(f'mediator: {mediator.Suite.summary()}; {suites_run["mediator"]} files, {cross.revisions()} revisions '
              f'{"with the same caseIds" if not problems else "whose caseIds differ"}')
    if 'concurrency' in suites_run:
        problems = ccross.problems()
        for problem in problems:
            r.fail('concurrency', problem)
        print(f'concurrency: {concurrency.Suite.summary()}; {suites_run["concurrency"]} files '
              f'{"with the same caseIds" if not problems else "whose caseIds differ"}')
    if 'descriptors' not in suites_run:
        r.fail('MANIFEST.json', 'no descriptor suite: nothing to re-encode')
    kinds = ', '.join(f'{n} {k}' for k, n in sorted(r.kinds.items()))
    skipped = f', {r.skipped} skipped as known gaps' if r.skipped else ''
    if r.manifest_only:
        skipped += f', {r.manifest_only} files of unknown suites checked by manifest only'
    print(f'python-consumer: {r.passed} passed, {r.failed} failed{skipped} '
          f'({r.pinned} files pinned by sha256, {len(listed)} listed; {kinds})')
    return 0 if r.failed == 0 and r.passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
