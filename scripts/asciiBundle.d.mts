// Types for the bundle ASCII step that tests import.
export declare function asciiBundle(source: string, name?: string): string;
