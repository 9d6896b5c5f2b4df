/**
 * The layout's rules (docs/DEVELOPING.md draws the map), checked by npm test
 * (test/architecture.test.ts): arrows point down, from commands to the data
 * wings to data/core, and nothing imports in a circle.
 */
/** The wings in order: a wing may import the ones before it, never one after it. */
const WINGS = ['versions', 'audit', 'workflows', 'metrics', 'actions', 'db'];
const upwardWings = WINGS.map((wing, i) => ({
  name: `wing-${wing}-imports-higher-wing`,
  comment: `data/${wing} may import data/core and the wings before it (${WINGS.slice(0, i).join(', ') || 'none'}), not ${WINGS.slice(i + 1).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^src/data/${wing}/` },
  to: { path: WINGS.slice(i + 1).length ? `^src/data/(${WINGS.slice(i + 1).join('|')})/` : '^$' },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a circle of imports: move the shared name into the lowest file of the group',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'data-imports-upward',
      comment: 'src/data never imports the CLI: context, commands, render, prompts or io',
      severity: 'error',
      from: { path: '^src/data/' },
      to: { path: '^src/(context|cli|main|prompt|io|config|options)\\.ts$|^src/(commands|render)/' },
    },
    {
      name: 'core-imports-a-wing',
      comment: 'data/core is below every wing',
      severity: 'error',
      from: { path: '^src/data/core/' },
      to: { path: '^src/data/(?!core/)' },
    },
    ...upwardWings,
    {
      name: 'render-imports-commands',
      comment: 'render draws what commands give it; it does not import them or the context',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(context|cli|main)\\.ts$|^src/commands/' },
    },
    {
      name: 'base-imports-above',
      comment: 'errors, quote, atomic-file and version are the base: they import only each other',
      severity: 'error',
      from: { path: '^src/(errors|quote|atomic-file|version)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(errors|quote|atomic-file|version)\\.ts$' },
    },
    {
      name: 'outside-imports-wing-internals',
      comment: "tests, benchmarks and scripts import the data layer through src/index.ts or a wing's index.ts",
      severity: 'error',
      from: { path: '^(test|bench|scripts)/' },
      to: { path: '^src/data/', pathNot: '^src/data/[a-z]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.cache|test/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
