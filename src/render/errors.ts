// Errors of the renderers: input that names something the picture does not contain.

/** A renderer input that cannot be drawn, e.g. a message to an actor that was never declared. */
export class RenderInputError extends Error {
  override readonly name = 'RenderInputError';
  constructor(
    readonly renderer: string,
    readonly detail: string,
  ) {
    super(`${renderer}: ${detail}`);
  }
}
