import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-KZUBVJFJ.js";import"./chunk-A2QBSUY3.js";import"./chunk-Q2CSPDV3.js";export{b as DEFAULT_ALLOW,a as DEFAULT_DENY,c as makeClassifier};
