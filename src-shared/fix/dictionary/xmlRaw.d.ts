// Vitest (Vite) imports a file's text with the ?raw suffix; only tests use it.
declare module '*.xml?raw' {
  const text: string;
  export default text;
}
