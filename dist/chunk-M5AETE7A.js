import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
function e(n){return n?.code==="EPIPE"}export{e as a};
