import { describe, expect, it } from 'vitest';
import { layoutSequence, type SequenceInput } from '../../src/render/sequence-layout';
import { sequenceSvg } from '../../src/render/sequence-svg';
import { RenderInputError } from '../../src/render/errors';

const actors = [
  { id: 'g', label: 'VM1' },
  { id: 'x', label: 'Xen' },
  { id: 's', label: 'SPMC' },
];

// A guest PARTITION_INFO_GET as the merged mediator runs it: the SPMC RX lock is held around the
// GET SMC and the RX_RELEASE SMC (xen-ffa-revisions.md 2.4), then dropped before the reply.
function partinfo(): SequenceInput {
  return {
    title: 'partinfo',
    actors,
    events: [
      { kind: 'message', from: 'g', to: 'x', label: 'FFA_PARTITION_INFO_GET' },
      { kind: 'lock', actor: 'x', lock: 'ffa_spmc_rx_lock', op: 'acquire' },
      { kind: 'message', from: 'x', to: 's', label: 'FFA_PARTITION_INFO_GET' },
      { kind: 'message', from: 's', to: 'x', label: 'FFA_SUCCESS_32', style: 'reply' },
      { kind: 'message', from: 'x', to: 's', label: 'FFA_RX_RELEASE' },
      { kind: 'message', from: 's', to: 'x', label: 'FFA_SUCCESS_32', style: 'reply' },
      { kind: 'lock', actor: 'x', lock: 'ffa_spmc_rx_lock', op: 'release' },
      { kind: 'message', from: 'x', to: 'g', label: 'FFA_SUCCESS_32', style: 'reply' },
    ],
  };
}

describe('sequence layout', () => {
  it('puts actors left to right in declaration order', () => {
    const l = layoutSequence(partinfo());
    const xs = l.actors.map((a) => a.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(3);
  });

  it('draws a lock bar that covers exactly the SMCs made under the lock', () => {
    const l = layoutSequence(partinfo());
    expect(l.bars).toHaveLength(1);
    const bar = l.bars[0]!;
    const ys = l.rows.filter((r) => r.event.kind === 'message').map((r) => r.y);
    // messages 1..4 (the two SMCs and their replies) are inside; the guest's call and reply are not
    expect(ys.slice(1, 5).every((y) => y > bar.y0 && y < bar.y1)).toBe(true);
    expect(ys[0]! < bar.y0).toBe(true);
    expect(ys[5]! > bar.y1).toBe(true);
    expect(bar.x).toBeGreaterThan(l.actors[1]!.x);
    expect(bar.openEnd).toBe(false);
  });

  it('shows a lock never released (the v1 NULL-path leak) as open at the end', () => {
    const input: SequenceInput = { title: 't', actors, events: [{ kind: 'lock', actor: 'x', lock: 'ffa_spmc_tx_lock', op: 'acquire' }, { kind: 'message', from: 'x', to: 'g', label: 'FFA_ERROR(INVALID_PARAMETERS)', style: 'error' }] };
    const l = layoutSequence(input);
    expect(l.bars).toEqual([expect.objectContaining({ lock: 'ffa_spmc_tx_lock', openEnd: true, y1: l.bottom })]);
    expect(sequenceSvg(input)).toContain('ffa_spmc_tx_lock still held');
  });

  it('starts a bar at the top when the release has no acquire in view', () => {
    const l = layoutSequence({ title: 't', actors, events: [{ kind: 'lock', actor: 'x', lock: 'L', op: 'release' }] });
    expect(l.bars[0]).toMatchObject({ openStart: true, y0: l.top });
  });

  it('gives locks held at the same time their own lanes', () => {
    const l = layoutSequence({
      title: 't',
      actors,
      events: [
        { kind: 'lock', actor: 'x', lock: 'rx_lock', op: 'acquire' },
        { kind: 'lock', actor: 'x', lock: 'tx_lock', op: 'acquire' },
        { kind: 'lock', actor: 'x', lock: 'tx_lock', op: 'release' },
        { kind: 'lock', actor: 'x', lock: 'rx_lock', op: 'release' },
      ],
    });
    expect(new Set(l.bars.map((b) => b.x)).size).toBe(2);
    expect(l.bars.map((b) => b.lane).sort()).toEqual([0, 1]);
  });

  it('refuses an event on an undeclared actor', () => {
    expect(() => layoutSequence({ title: 't', actors, events: [{ kind: 'note', actor: 'vm9', text: 'x' }] })).toThrow(RenderInputError);
  });
});

describe('sequence SVG', () => {
  it('is the same string for the same trace', () => {
    expect(sequenceSvg(partinfo())).toBe(sequenceSvg(partinfo()));
  });

  it('is self-contained: no scripts, links, web fonts or external URLs', () => {
    const svg = sequenceSvg(partinfo());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|href=|@import|url\(|<foreignObject/);
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('draws one arrowhead per message and no <marker> ids that could clash on a page', () => {
    const svg = sequenceSvg(partinfo());
    expect(svg.match(/<polygon/g)).toHaveLength(6);
    expect(svg).not.toContain('<marker');
    expect(svg).not.toMatch(/ id="/);
  });

  it('escapes text and keeps a cut label whole in its tooltip', () => {
    const long = `FFA_MSG_SEND2 <${'x'.repeat(200)}> & "more"`;
    const svg = sequenceSvg({ title: 'a<b', actors, events: [{ kind: 'message', from: 'g', to: 'x', label: long }] });
    expect(svg).toContain('<title>a&lt;b</title>');
    expect(svg).not.toContain('<x');
    expect(svg).toContain(`<title>FFA_MSG_SEND2 &lt;${'x'.repeat(200)}&gt; &amp; &quot;more&quot;</title>`);
    expect(svg).toContain('…');
  });

  it('paints error replies and panics in the failure colour', () => {
    const svg = sequenceSvg({
      title: 't',
      actors,
      events: [
        { kind: 'message', from: 's', to: 'x', label: 'FFA_ERROR(DENIED)', style: 'error' },
        { kind: 'panic', actor: 'x', text: 'Assertion failed' },
      ],
    });
    expect(svg).toMatch(/fill="#cf222e"[^>]*>FFA_ERROR\(DENIED\)/);
    expect(svg).toMatch(/<rect[^>]*fill="#cf222e"[^>]*\/><text[^>]*>Assertion failed/);
  });

  it('keeps a note on the leftmost lifeline inside the picture', () => {
    const svg = sequenceSvg({ title: 't', actors: actors.slice(1), events: [{ kind: 'note', actor: 'x', text: '(XEN) ERR: ffa: Failed to get list of SPs: -2, and some more words' }] });
    const rect = /<rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)" height="20"/.exec(svg);
    const width = Number(/ width="([\d.]+)"/.exec(svg)![1]);
    expect(rect).not.toBeNull();
    expect(Number(rect![1])).toBeGreaterThanOrEqual(0);
    expect(Number(rect![1]) + Number(rect![2])).toBeLessThanOrEqual(width);
  });
});
