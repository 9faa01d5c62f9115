// agent-api.js — the calls a person makes on a run from a page (the agent panel and the
// session page): decide an approval, revert a run. Each answers {ok} or {ok: false, message}
// with words for people, never throws.

export function csrf() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function post(url, body, failed) {
  try {
    const response = await fetch(url, { method: "POST", body, headers: { "X-CSRFToken": csrf(), Accept: "application/json" } });
    if (response.ok) return { ok: true };
    const answer = await response.json().catch(() => ({}));
    return { ok: false, message: failed(answer.error || {}, response.status) };
  } catch {
    return { ok: false, message: "The server could not be reached; try again." };
  }
}

// ``url`` is the approval's decide URL (/approvals/<id>/decide).
export function decide(url, decision, reason) {
  const body = new FormData();
  body.set("decision", decision);
  body.set("reason", reason || "");
  return post(url, body, (error, status) => error.message || `The decision failed (${status}).`);
}

export function revert(runId) {
  return post(`/api/runs/${encodeURIComponent(runId)}/revert`, null, (error, status) => {
    const moved = error.fields
      ? Object.entries(error.fields).map(([record, names]) => `${record} (${[].concat(names).join(", ")})`).join("; ")
      : "";
    return `${error.message || `The revert failed (${status}).`}${moved ? ` Changed since: ${moved}.` : ""}`;
  });
}
