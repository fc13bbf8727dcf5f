/** Named errors of the simulator. A scenario error is the user's to fix; the message names the file and field. */
export class SimulationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SimulationError";
  }
}

/** A scenario file is missing, not JSON, or does not match the scenario schema. */
export class ScenarioError extends SimulationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ScenarioError";
  }
}
