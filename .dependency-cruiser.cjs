// The import rules of docs/architecture.md, checked by `npm run lint`. Each area under src/ may
// import only itself and the areas before it in `floors` (read top to bottom, left to right):
// a lower floor never reaches up, and the areas of one floor are ordered too, so no cycle can
// form between them.
const floors = [
  ['core'],
  ['platform'],
  ['organizations', 'auth'],
  ['ledger'],
  ['customers', 'invoicing', 'payments'],
  ['rendering', 'reports', 'imports', 'exports', 'banking'],
  ['messaging', 'worklist', 'commitments', 'dunning', 'agency'],
  ['demo', 'server', 'cli'],
];
const order = floors.flat();

const floorRules = order.map((area, index) => {
  const below = order.slice(0, index + 1);
  return {
    name: `floor-${area}`,
    comment: `src/${area} may import only ${below.join(', ')} (docs/architecture.md, "Floors")`,
    severity: 'error',
    from: { path: `^src/${area}/` },
    to: { path: '^src/', pathNot: below.map((a) => `^src/${a}/`) },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'unknown-area',
      comment:
        'every folder under src/ is an area named in .dependency-cruiser.cjs and docs/architecture.md',
      severity: 'error',
      from: { path: '^src/', pathNot: order.map((a) => `^src/${a}/`) },
      to: {},
    },
    ...floorRules,
    {
      name: 'no-cycles',
      comment: 'a module may not import itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sql-stays-in-its-area',
      comment: "an area reads another area's data through that area's services, never its *.sql.ts",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '\\.sql\\.ts$',
        pathNot: ['^src/$1/', '^src/platform/', '^src/ledger/open-items\\.sql\\.ts$'],
      },
    },
    {
      name: 'routes-and-commands-only-translate',
      comment: 'routes and CLI commands call services, never *.sql.ts',
      severity: 'error',
      from: { path: ['\\.routes\\.ts$', '^src/cli/'] },
      to: { path: '\\.sql\\.ts$' },
    },
    {
      name: 'files-without-a-role-are-pure',
      comment:
        'a file whose name has no role suffix holds rules and models: it reaches no database (docs/architecture.md, "Files and their roles")',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['^src/(platform|cli|server)/', '\\.(sql|service|routes|view|hooks|test)\\.ts$'],
      },
      to: {
        path: ['\\.sql\\.ts$', '\\.service\\.ts$', '^src/platform/db/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core holds pure code: no database, network or files',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: [
          'npm',
          'npm-dev',
          'npm-optional',
          'npm-peer',
          'npm-bundled',
          'npm-no-pkg',
          'npm-unknown',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^web/dist' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
