// The host and port inside a broker URL, read and replaced the same way for broker.xml's
// acceptors and bootstrap.xml's web bindings, whose params (protocols, TLS) must survive the edit.

/** tcp://host:port?params with host and port replaced. */
export function rewriteUrl(url: string, host: string, port: number): string {
  const m = /^(\w+:\/\/)(\[[^\]]*\]|[^:/?]*)(?::(\d+))?(.*)$/s.exec(url.trim());
  if (!m) return url;
  return `${m[1]}${host}:${port}${m[4]}`;
}

export function portOf(url: string): string | null {
  return /:(\d+)/.exec(url.replace(/^\w+:\/\//, ''))?.[1] ?? null;
}
