import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
function n(e){let t=!1,r;return()=>(t||(r=e(),t=!0),r)}function l(e,t,r){return Object.defineProperty(e,t,{configurable:!0,enumerable:!0,get(){let u=r();return Object.defineProperty(e,t,{value:u,writable:!0,enumerable:!0,configurable:!0}),u}}),e}export{n as a,l as b};
