import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
var n="0.1.0",o={name:"modelgate",version:n};function _(e){return e[0]==="--version"||e[0]==="-v"||e[0]==="version"}export{n as a,o as b,_ as c};
