// Types of build-state.mjs, a plain JavaScript module (bin/forgetmenot.js must run without a compiler).
export declare const builtMark: (root: string) => string;
export declare function compiledIsCurrent(root: string): boolean;
