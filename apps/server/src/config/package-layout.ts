/** The parts of a configuration package that a split package directory keeps one file per item. */
export const packageSections = ['objects', 'roles', 'processes', 'views', 'queues', 'navigation'] as const;
export type PackageSection = (typeof packageSections)[number];

/** The file of a split package directory that holds everything but the sections. */
export const packageHeadFile = 'mainline.json';
