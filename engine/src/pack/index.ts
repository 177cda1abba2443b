// Scenario packs: folders or .zip files of scenarios that share files (extends/include).
export { resolvePack, loadPack, checkFragment, packFileKind, MAX_PACK_DEPTH, MAX_FILES_PER_SCENARIO, type PackReader, type PackScenario, type PackFragment, type PackLoad } from './resolve.ts';
export { readZipPack, ZIP_LIMITS, type ZipLimits, type ZipPackResult } from './zip.ts';
export { normalisePackPath, resolvePackPath, isPackFile, type PathResult } from './paths.ts';
