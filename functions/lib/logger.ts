import { Logger } from "@aws-lambda-powertools/logger";

/** One logger per function container; the service name is the app's, the function adds its own key. */
export const logger = new Logger({ serviceName: "hero365-scaling" });
