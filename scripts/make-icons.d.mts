// Types for scripts/make-icons.mjs (a plain Node script, so `npm run icons` needs no build).
export declare const PNG_SIZES: readonly number[];
export declare const SOURCE_KEYWORD: string;
export declare function svgDigest(svg: Buffer | string): string;
export declare function sourceText(svg: Buffer | string): string;
export declare function renderPng(svg: Buffer | string, size: number): Buffer;
export declare function icoFromPng(png: Buffer): Buffer;
export declare function icnsFromPng(png: Buffer): Buffer;
export declare function iconsFromSvg(svg: Buffer | string): Map<string, Buffer>;
export declare function writeIcons(svgPath: string, outDir: string): string[];
