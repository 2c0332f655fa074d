import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{setFlagsFromString as e}from"node:v8";var o=["--heap-growing-percent=50","--semi-space-growth-factor=1"];function c(r=process.env){if(r.MODELGATE_HEAP_TUNING!=="0")try{for(let t of o)e(t)}catch{}}export{c as a};
