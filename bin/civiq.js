#!/usr/bin/env node
// civiq runs its TypeScript sources directly on Node 24 (type stripping).
// `npm run civiq -- <command>` uses the project's Node 24 (node@24 devDependency).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`civiq needs Node.js 24 (found ${process.versions.node}). Run it through npm: npm run civiq -- <command>\n`);
  process.exit(2);
}
const { main } = await import('../src/cli.ts');
process.exit(await main(process.argv.slice(2), process.env));
