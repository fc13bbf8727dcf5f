/**
 * GitHub issues over the REST API (base URL configurable for GitHub Enterprise Server and tests).
 * https://docs.github.com/en/rest/issues/issues
 */
import type { GithubIssuesCreate, GithubIssuesCreateComment } from "../../tickets/effects.js";
import { TicketApiError } from "../../tickets/errors.js";
import type { OpenedTicket } from "../../tickets/ledger.js";
import type { TicketTracker } from "../../tickets/types.js";
import { httpClient, jsonOf } from "./client.js";

export interface GithubOptions {
  apiUrl: string;
  owner: string;
  repo: string;
  token: () => Promise<string>;
  fetch?: typeof globalThis.fetch;
}

/** The fields of GitHub's answers we read. */
interface GithubJson {
  number?: number;
  html_url?: string;
  state?: string;
  message?: string;
}

export function githubIssues(options: GithubOptions) {
  const send = httpClient({ timeoutMs: 10_000 }, { fetch: options.fetch });
  const base = options.apiUrl.replace(/\/+$/, "");
  const repoPath = (owner: string, repo: string) =>
    `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

  async function call(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: GithubJson | undefined }> {
    const token = await options.token();
    const answer = await send({
      api: "GitHub",
      url,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "hero365-scaling",
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      secrets: [token],
    });
    return { status: answer.status, json: jsonOf<GithubJson>(answer) };
  }

  function fail(what: string, status: number, json: GithubJson | undefined): never {
    const message = typeof json?.message === "string" ? json.message : "no message";
    throw new TicketApiError(status, `GitHub ${what} answered HTTP ${status}: ${message}`);
  }

  return {
    async create(effect: GithubIssuesCreate): Promise<OpenedTicket> {
      const { status, json } = await call("POST", `${repoPath(effect.owner, effect.repo)}/issues`, {
        title: effect.title,
        body: effect.body,
        labels: effect.labels,
      });
      if (status !== 201 || typeof json?.number !== "number") fail("issue creation", status, json);
      return { ref: String(json.number), ...(json.html_url && { url: json.html_url }) };
    },
    async createComment(effect: GithubIssuesCreateComment): Promise<{ url?: string }> {
      const { status, json } = await call(
        "POST",
        `${repoPath(effect.owner, effect.repo)}/issues/${effect.issueNumber}/comments`,
        { body: effect.body },
      );
      if (status !== 201) fail("comment creation", status, json);
      return { url: json?.html_url };
    },
    tracker: {
      async state(ref) {
        const { status, json } = await call("GET", `${repoPath(options.owner, options.repo)}/issues/${ref}`);
        // A deleted (410) or transferred-away (404) issue no longer stands for the subject.
        if (status === 404 || status === 410) return "closed";
        if (status !== 200) fail("issue lookup", status, json);
        return json?.state === "open" ? "open" : "closed";
      },
    } satisfies TicketTracker,
  };
}
