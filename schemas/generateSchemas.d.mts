// Types for the parts of the schema generator that tests import.
export declare function translateRe2(pattern: string): string;
