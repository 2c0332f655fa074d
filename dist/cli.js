#!/usr/bin/env node
import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a as r,c as t}from"./chunk-4CKDJX4L.js";import"./chunk-Q2CSPDV3.js";import*as i from"node:module";i.enableCompileCache?.();t(process.argv.slice(2))?process.stdout.write(r+`
`):await c();async function c(){let{isEpipe:s,main:n}=await import("./chunk-FLOARD4M.js"),o=e=>{throw s(e)&&process.exit(process.exitCode??0),e};process.stdout.on("error",o),process.stderr.on("error",o),n(process.argv.slice(2),{cwd:process.cwd(),stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),isTTY:!!process.stdout.isTTY,env:process.env,now:()=>new Date}).then(e=>{process.exitCode=e},e=>{s(e)||(process.stderr.write(`modelgate: ${String(e)}
`),process.exitCode=2)})}
