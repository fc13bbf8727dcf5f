/**
 * A Lambda Function URL on a local port: a real HTTP server (127.0.0.1) that turns each request into the
 * Function URL event (payload format 2.0) and the handler's result back into the HTTP response, the way the
 * service does. Tests and the bench drive HTTP handlers through it.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, LambdaFunctionURLEvent } from "aws-lambda";
import { lambdaContext } from "../../sim/local/local-invoke.js";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface FunctionUrlServer {
  url: string;
  close(): Promise<void>;
}

/** Function URLs pass these bodies as text; any other content type arrives base64-encoded. */
const TEXT_CONTENT = /^(text\/|application\/(json|javascript|xml|yaml|[\w.+-]+\+(json|xml))\b)/i;

export interface RequestShape {
  method: string;
  /** Path and query, e.g. `/?a=1`. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  host: string;
  at: Date;
}

/** The Function URL event of one HTTP request. */
export function functionUrlEvent(request: RequestShape): LambdaFunctionURLEvent {
  const url = new URL(request.target, `http://${request.host}`);
  const headers = Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(",") : value]],
    ),
  );
  const text = TEXT_CONTENT.test(headers["content-type"] ?? "");
  const query = [...url.searchParams.keys()];
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(query.length && {
      queryStringParameters: Object.fromEntries(query.map((key) => [key, url.searchParams.getAll(key).join(",")])),
    }),
    requestContext: {
      accountId: "anonymous",
      apiId: "local",
      domainName: request.host,
      domainPrefix: "local",
      http: {
        method: request.method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: crypto.randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: request.at.toISOString(),
      timeEpoch: request.at.getTime(),
    },
    ...(request.body.length > 0 && { body: text ? request.body.toString("utf8") : request.body.toString("base64") }),
    isBase64Encoded: request.body.length > 0 && !text,
  };
}

/** Serves `handler` on 127.0.0.1 at a free port. */
export async function serveFunctionUrl(fn: string, handler: Handler, stage = "prod"): Promise<FunctionUrlServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const event = functionUrlEvent({
        method: req.method ?? "GET",
        target: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        host: req.headers.host ?? "127.0.0.1",
        at: new Date(),
      });
      handler(event, lambdaContext(fn, stage)).then(
        (result) => respond(res, result),
        () => send(res, 502, { "content-type": "application/json" }, '{"Message":"Internal Server Error"}'),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A structured result sets status, headers and body; anything else is JSON with status 200, as on AWS. */
function respond(res: ServerResponse, result: unknown): void {
  const structured = result as { statusCode?: unknown; headers?: Record<string, string>; body?: unknown };
  if (typeof structured === "object" && structured !== null && typeof structured.statusCode === "number") {
    const body = typeof structured.body === "string" ? structured.body : "";
    const isBase64 = (result as { isBase64Encoded?: boolean }).isBase64Encoded === true;
    send(res, structured.statusCode, structured.headers ?? {}, isBase64 ? Buffer.from(body, "base64") : body);
    return;
  }
  send(res, 200, { "content-type": "application/json" }, JSON.stringify(result ?? null));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
