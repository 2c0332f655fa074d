import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-BY5EVSLU.js";import"./chunk-A7IJEZE3.js";import"./chunk-AUUZCQMV.js";export{b as DEFAULT_ALLOW,a as DEFAULT_DENY,c as makeClassifier};
