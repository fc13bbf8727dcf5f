/**
 * Imported first by every command, so that what throws while the other modules load, or rejects outside
 * the command's main function, still ends as one line and a log file instead of a stack trace.
 */
import { guardProcess } from "./cli-crash.js";

guardProcess();
