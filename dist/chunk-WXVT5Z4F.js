import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import*as t from"node:path";function r(o,n){let e=t.relative(t.resolve(o),n);return e===""||!e.startsWith("..")&&!t.isAbsolute(e)}export{r as a};
