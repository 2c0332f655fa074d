#!/usr/bin/env node
import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a as o}from"./chunk-CX65N6OC.js";import"./chunk-AUUZCQMV.js";import*as s from"node:module";s.enableCompileCache?.();o();var{isEpipe:r,main:n}=await import("./chunk-5JPWYFO6.js"),t=e=>{throw r(e)&&process.exit(process.exitCode??0),e};process.stdout.on("error",t);process.stderr.on("error",t);n(process.argv.slice(2),{cwd:process.cwd(),stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),isTTY:!!process.stdout.isTTY,env:process.env,now:()=>new Date}).then(e=>{process.exitCode=e},e=>{r(e)||(process.stderr.write(`modelgate: ${String(e)}
`),process.exitCode=2)});
