/** Prints a table as aligned text, or as Markdown for the README (`--markdown`). */
function printTable({ headers, rows }, markdown) {
  if (markdown) {
    console.log(`| ${headers.join(' | ')} |`);
    console.log(`|${headers.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(fmt(headers));
  for (const r of rows) console.log(fmt(r));
}

module.exports = { printTable };
