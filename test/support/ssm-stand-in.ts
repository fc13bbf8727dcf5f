/**
 * A loopback stand-in for SSM's GetParameters (the JSON 1.1 protocol the SDK speaks: POST /, header
 * `x-amz-target: AmazonSSM.GetParameters`): what `sst/node/config` and the per-secret reader call. Parameters
 * are set per test; every request's names are recorded.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SsmStandIn {
  url: string;
  parameters: Map<string, string>;
  /** The names asked for, one array per GetParameters request. */
  requests: string[][];
  close(): Promise<void>;
}

export async function startSsmStandIn(): Promise<SsmStandIn> {
  const parameters = new Map<string, string>();
  const requests: string[][] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const send = (status: number, answer: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(answer));
    };
    if (req.headers["x-amz-target"] !== "AmazonSSM.GetParameters") {
      return send(400, { __type: "UnknownOperationException", message: String(req.headers["x-amz-target"]) });
    }
    const { Names = [] } = JSON.parse(body) as { Names?: string[] };
    requests.push(Names);
    const known = Names.filter((name) => parameters.has(name));
    send(200, {
      Parameters: known.map((Name) => ({ Name, Type: "SecureString", Value: parameters.get(Name), Version: 1 })),
      InvalidParameters: Names.filter((name) => !parameters.has(name)),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    parameters,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
