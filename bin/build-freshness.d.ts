/** Types of build-freshness.js, for the tests (bin/ is plain JavaScript, run without a build). */
export declare const stampFile: string;
export declare function buildFreshness(
  root: string,
): { readonly fresh: true } | { readonly fresh: false; readonly reason: string };
