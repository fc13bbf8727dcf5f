/** regenerator-runtime 0.14 ships no types: the runtime object @pdf-lib/fontkit expects as a global. */
declare module "regenerator-runtime" {
  const runtime: object;
  export default runtime;
}
