import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  apiTypesFile,
  apiTypesName,
  firstDifferentLine,
  generateApiTypes,
} from '../../scripts/generate-api-types.js';

/**
 * The web app reads the API through types generated from the OpenAPI document
 * (web/src/api/schema.gen.ts): a route whose schema changed without `npm run api-types` leaves
 * the app compiling against answers the server no longer gives.
 */
describe("the web app's API types", () => {
  it('are what the OpenAPI document of the routes generates', async () => {
    const generated = await generateApiTypes();
    const committed = await readFile(apiTypesFile, 'utf8');
    // Not toBe: a diff of the whole 10,000-line file says less than the line where it starts.
    if (committed !== generated) {
      expect.fail(
        `${apiTypesName} is stale: run npm run api-types (first difference at line ${firstDifferentLine(generated, committed)})`,
      );
    }
  }, 120_000); // building the server compiles every route's schemas: 15 s alone, more beside other files
});
