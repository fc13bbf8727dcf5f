/** What a doctor check reports: a problem fails the run (exit 1); a note is worth reading and fails nothing. */
export interface Finding {
  level: "problem" | "note";
  message: string;
}

export const problem = (message: string): Finding => ({ level: "problem", message });
export const note = (message: string): Finding => ({ level: "note", message });
