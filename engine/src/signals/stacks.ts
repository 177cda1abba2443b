// Stack-trace builders per runtime. Frames follow what each runtime really prints (JVM
// `\tat pkg.Class.method(File.java:line)`, Go goroutine dumps, V8 `    at fn (file:line:col)`,
// CPython tracebacks) so a trainee's eye finds the application frame the way it would on call.

import { hashWords } from './ids.ts';
import { packageSegment, pascal, resourceOf, snake } from './format.ts';

export const JAVA_ORG = 'com.acme';

export function javaPkg(svcId: string): string {
  return `${JAVA_ORG}.${packageSegment(svcId)}`;
}

/** Application frames for a request handled by `svcId` (controller at the bottom). */
export function javaAppFrames(svcId: string, h: number, inner: string[] = []): string[] {
  const pkg = javaPkg(svcId);
  const Res = pascal(resourceOf(svcId));
  const line = (k: number, base: number) => base + (hashWords(h, k) % 180);
  return [
    ...inner,
    `${pkg}.service.${Res}Service.process(${Res}Service.java:${line(1, 40)})`,
    `${pkg}.web.${Res}Controller.handle(${Res}Controller.java:${line(2, 30)})`,
  ];
}

export const SPRING_MVC_FRAMES = [
  'java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  'java.base/java.lang.reflect.Method.invoke(Method.java:580)',
  'org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)',
  'org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)',
  'org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)',
  'org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)',
  'org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)',
  'org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)',
  'org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)',
  'jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)',
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)',
  'org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)',
  'org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)',
  'org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1191)',
  'org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)',
  'org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

export interface JavaCause {
  type: string;
  message: string;
  frames: string[];
}

/** printStackTrace() output: the exception, its frames, then each cause with "... n more". */
export function javaStack(top: JavaCause, causes: JavaCause[] = []): string {
  const lines = [`${top.type}: ${top.message}`, ...top.frames.map((f) => `\tat ${f}`)];
  for (const c of causes) {
    lines.push(`Caused by: ${c.type}: ${c.message}`, ...c.frames.map((f) => `\tat ${f}`), `\t... ${top.frames.length - 2} more`);
  }
  return lines.join('\n');
}

export function goPanicStack(svcId: string, h: number, fn: string, file: string): string {
  const mod = `github.com/acme/${svcId}`;
  const hex = (k: number) => `0x${(hashWords(h, k) % 0x400 + 0x20).toString(16)}`;
  const g = 1000 + (hashWords(h, 9) % 90_000);
  return [
    `goroutine ${g} [running]:`,
    'net/http.(*conn).serve.func1()',
    `\t/usr/local/go/src/net/http/server.go:1947 +${hex(1)}`,
    'panic({0x9c7e40?, 0x1171d30?})',
    `\t/usr/local/go/src/runtime/panic.go:791 +${hex(2)}`,
    `${mod}/internal/${fn}`,
    `\t/app/internal/${file} +${hex(3)}`,
    `${mod}/internal/http.(*Handler).ServeHTTP(0xc000132a80, {0xb1c2f0, 0xc0002b01c0}, 0xc0001f8000)`,
    `\t/app/internal/http/handler.go:${60 + (hashWords(h, 4) % 90)} +${hex(4)}`,
    'net/http.serverHandler.ServeHTTP({0xc000118f00?}, {0xb1c2f0?, 0xc0002b01c0?}, 0x6?)',
    `\t/usr/local/go/src/net/http/server.go:3210 +${hex(5)}`,
    'net/http.(*conn).serve(0xc0001e0000, {0xb1d4a8, 0xc000118f00})',
    `\t/usr/local/go/src/net/http/server.go:2092 +${hex(6)}`,
    'created by net/http.(*Server).Serve in goroutine 1',
    `\t/usr/local/go/src/net/http/server.go:3360 +${hex(7)}`,
  ].join('\n');
}

export function nodeStack(head: string, frames: string[]): string {
  return [head, ...frames.map((f) => `    at ${f}`)].join('\n');
}

export function nodeAppFrames(svcId: string, h: number): string[] {
  const res = resourceOf(svcId);
  const Res = pascal(res);
  return [
    `${Res}Service.handle (/app/src/services/${res}.js:${30 + (hashWords(h, 1) % 150)}:${5 + (hashWords(h, 2) % 30)})`,
    `async /app/src/routes/${res}.js:${12 + (hashWords(h, 3) % 60)}:${5 + (hashWords(h, 4) % 30)}`,
  ];
}

export interface PyFrame {
  file: string;
  line: number;
  fn: string;
  code: string;
}

export function pythonTraceback(frames: PyFrame[], last: string): string {
  const lines = ['Traceback (most recent call last):'];
  for (const f of frames) lines.push(`  File "${f.file}", line ${f.line}, in ${f.fn}`, `    ${f.code}`);
  lines.push(last);
  return lines.join('\n');
}

export function pyAppFrame(svcId: string, h: number, code: string): PyFrame {
  return { file: `/app/${snake(svcId)}/handlers.py`, line: 40 + (hashWords(h, 5) % 160), fn: `handle_${snake(resourceOf(svcId))}`, code };
}
