export declare const SYSTEM_CHROMIUM_PATHS: readonly string[];
export declare const NO_CHROMIUM_MESSAGE: string;
export declare function findChromium(): Promise<{ path: string } | { error: string }>;
