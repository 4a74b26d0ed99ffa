/** One CSV line (RFC 4180): cells with a comma, quote, line break or edge space are quoted, quotes doubled. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]|^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
}
