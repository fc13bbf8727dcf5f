import { Hero365Error } from "../kernel/errors.js";

/** A string that should be an episode key (of a given alarm) is not one. */
export class EpisodeKeyError extends Hero365Error {
  constructor(
    readonly key: string,
    alarmName: string,
  ) {
    super(`"${key}" is not an episode key of ${alarmName} (<alarm name>#<ALARM transition timestamp>)`);
    this.name = "EpisodeKeyError";
  }
}
