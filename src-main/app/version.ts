// Kept in step with package.json by the build (define) and by a unit test.
export const version = '0.1.0';
