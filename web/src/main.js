// main.js — the console's entry: Vue, Element Plus, the router, and the first "who am I".
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './style.css';
import App from './App.vue';
import { router } from './router.js';

createApp(App).use(ElementPlus).use(router).mount('#app');
