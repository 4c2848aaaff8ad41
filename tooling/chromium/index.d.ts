export declare const chromiumArgs: readonly string[];
export declare function chromiumExecutablePath(): string;
