import type { Resources } from './en';

/** 简体中文界面文字。键与英文完全一致（类型和测试都会检查）。 */
export const zhCN: Resources = {
  app: { title: '支付宝收银', cashier: '收银台', customer: '顾客显示屏' },
  mode: { demo: '演示', live: '正式', setup: '设置' },
  demoBanner: '演示模式 — 付款发送到内置模拟器，不产生真实资金往来',
  status: {
    network: { online: '支付宝在线', offline: '支付宝离线', unknown: '支付宝：检测中…' },
    queue: '队列：{{pending}} 笔待处理',
    queueDead: '{{dead}} 笔需处理',
    connectionLost: '与收银主机的连接已断开 — 正在重连…',
    starting: '启动中…',
    notReady: '正在恢复未完成的付款 — 请稍候',
    devicesNone: '无设备',
  },
  device: {
    role: { scanner: '扫码枪', printer: '打印机' },
    health: { ok: '就绪', warning: '请检查', error: '故障', absent: '未连接' },
  },
  keypad: {
    amount: '金额',
    clear: '清除',
    backspace: '删除',
    charge: '收款',
    hint: '输入金额后按回车',
    keys: '按键：0–9 . ⌫ Esc 回车',
  },
  keycap: { esc: 'Esc', enter: '回车' },
  language: { label: '语言', 'zh-CN': '中文', en: 'English' },
  setup: {
    title: '需要设置',
    intro: '修复此问题之前，本终端无法收款。',
    field: '字段',
    problem: '问题',
    reset: '保留错误文件备份，并以默认设置启动',
    hint: '安装人员也可以修改数据目录中的 config.json 后重启。',
  },
  customer: { welcome: '欢迎光临', idle: '本店支持支付宝', amountDue: '应付金额' },
  errors: {
    INVALID_AMOUNT: '金额无效',
    UNKNOWN_CURRENCY: '未知币种',
    tooManyDecimals: '{{currency}} 最多 {{n}} 位小数',
    zero: '请输入大于零的金额',
    tooLarge: '金额过大',
    generic: '出现问题：{{message}}',
  },
  errorBoundary: { title: '此界面出现问题', body: '付款数据没有丢失。', retry: '重新加载界面' },
};
