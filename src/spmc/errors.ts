// Named failures of the SPMC model. A real SPMC that panics never answers the SMC (Hafnium's
// CHECK()/panic(), a data abort at S-EL2): the model throws SpmcPanic and stays dead, so a caller
// (the mediator model, the explorer) sees the machine hang exactly where the firmware would.

export class SpmcPanic extends Error {
  override readonly name = 'SpmcPanic';
  constructor(
    readonly reason: string,
    readonly seq: number,
  ) {
    super(`SPMC panic at call ${seq}: ${reason}`);
  }
}

/** The SpmcConfig cannot describe a machine (bad partition list, unknown personality). */
export class SpmcConfigError extends Error {
  override readonly name = 'SpmcConfigError';
}

/**
 * An SMC from a caller that cannot make one: only the normal world's physical instance (id 0,
 * the hypervisor) and the configured SPs reach the SPMC; VMs talk to the hypervisor instead.
 */
export class SpmcCallerError extends Error {
  override readonly name = 'SpmcCallerError';
  constructor(readonly caller: number) {
    super(`caller 0x${caller.toString(16)} is neither the normal world (0) nor a configured SP`);
  }
}

/** A model invariant broke: a bug in ffa-lab, not behaviour of the modelled firmware. */
export class SpmcInvariantError extends Error {
  override readonly name = 'SpmcInvariantError';
}
