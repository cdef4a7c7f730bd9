resource "aws_lb_target_group" "this" {
  name        = var.target_group_name
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
  # A stopping pod leaves the Service at once, sleeps 15 s in preStop while the load balancer controller deregisters
  # it, then drains in Spring's graceful shutdown: 30 s of deregistration delay (default 300) fits the 60 s grace.
  deregistration_delay = 30

  health_check {
    path                = "/actuator/health/readiness"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener_rule" "this" {
  listener_arn = var.listener_arn
  priority     = var.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  condition {
    path_pattern {
      values = [var.path_prefix, "${var.path_prefix}/*"]
    }
  }
}
