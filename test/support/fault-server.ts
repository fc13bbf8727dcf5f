/**
 * A loopback HTTP server standing in for an AWS endpoint that misbehaves: throttles, fails with 5xx, or never
 * answers. Real SDK clients pointed at it run their real retry and timeout logic; it counts the attempts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "throttle" | "server-error" | "hang";

export interface FaultServer {
  endpoint: string;
  /** Setting a fault also resets the counts. */
  fault: Fault;
  /** Requests received since the fault was set. */
  attempts: number;
  /** Requests per API operation (`X-Amz-Target`'s operation, or the query protocol's `Action`). */
  attemptsOf(operation: string): number;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const hung = new Set<ServerResponse>();
  const state = { fault: "throttle" as Fault, attempts: 0, operations: new Map<string, number>() };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      state.attempts += 1;
      const operation = operationOf(req, body);
      state.operations.set(operation, (state.operations.get(operation) ?? 0) + 1);
      if (state.fault === "hang") {
        hung.add(res);
        return;
      }
      const query = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
      if (operation === "PutObject") {
        // S3 (REST-XML): throttling is 503 SlowDown; a server error is 500 InternalError.
        const [status, code, message] =
          state.fault === "throttle"
            ? [503, "SlowDown", "Please reduce your request rate."]
            : [500, "InternalError", "We encountered an internal error. Please try again."];
        res.writeHead(status, { "content-type": "application/xml" });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        );
        return;
      }
      if (state.fault === "server-error") {
        res.writeHead(503, { "content-type": query ? "text/xml" : "application/x-amz-json-1.1" });
        res.end(query ? errorXml("ServiceUnavailable", "Service Unavailable") : '{"__type":"ServiceUnavailable"}');
        return;
      }
      if (query) {
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(errorXml("Throttling", "Rate exceeded"));
        return;
      }
      res.writeHead(400, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-errortype": "ThrottlingException",
        "x-amzn-query-error": "Throttling;Sender",
      });
      res.end('{"__type":"ThrottlingException","message":"Rate exceeded"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get fault() {
      return state.fault;
    },
    set fault(fault: Fault) {
      state.fault = fault;
      state.attempts = 0;
      state.operations.clear();
    },
    attemptsOf: (operation) => state.operations.get(operation) ?? 0,
    get attempts() {
      return state.attempts;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function operationOf(req: IncomingMessage, body: string): string {
  if (req.method === "PUT") return "PutObject";
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").at(-1) ?? target;
  return new URLSearchParams(body).get("Action") ?? "unknown";
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}
