export { type LocalDynamo, startDynalite } from "../../sim/local/dynalite.js";
