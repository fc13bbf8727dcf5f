export { type LocalDynamo, startDynalite } from "../../scripts/lib/dynalite.js";
