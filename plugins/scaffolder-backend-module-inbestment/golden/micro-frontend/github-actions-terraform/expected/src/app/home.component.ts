import { Component } from '@angular/core';

@Component({
  selector: 'inb-home',
  template: `<h1>{{ title }}</h1>`,
})
export class HomeComponent {
  readonly title = 'Wishlist Mfe';
}
