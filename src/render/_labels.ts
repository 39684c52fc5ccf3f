// Display labels for FF-A replies (Arm DEN0077): FFA_VERSION answers with the version word itself
// in w0, which a generic frame label would print as an unknown function id.
import { FID } from '../ffa/ids';
import { fidOfFrame, frameLabel, w, type Frame } from '../ffa/frame';
import { versionLabel } from '../ffa/version';

export function replyLabel(call: Frame | undefined, reply: Frame): string {
  if (call !== undefined && fidOfFrame(call) === FID.FFA_VERSION && (w(reply, 0) & 0x80000000) === 0) return `version ${versionLabel(w(reply, 0))}`;
  return frameLabel(reply);
}
