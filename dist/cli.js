#!/usr/bin/env node
import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a as r,c as t,d as i}from"./chunk-5S4G5HG4.js";import"./chunk-Q2CSPDV3.js";import*as n from"node:module";n.enableCompileCache?.();t(process.argv.slice(2))?process.stdout.write(r+`
`):await c();async function c(){i();let{isEpipe:s,main:p}=await import("./chunk-F43Z5SLD.js"),o=e=>{throw s(e)&&process.exit(process.exitCode??0),e};process.stdout.on("error",o),process.stderr.on("error",o),p(process.argv.slice(2),{cwd:process.cwd(),stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),isTTY:!!process.stdout.isTTY,env:process.env,now:()=>new Date}).then(e=>{process.exitCode=e},e=>{s(e)||(process.stderr.write(`modelgate: ${String(e)}
`),process.exitCode=2)})}
